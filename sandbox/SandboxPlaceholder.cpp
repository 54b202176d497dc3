#include "services/core/Job.h"
