#include "services/core/Logging.h"

Q_LOGGING_CATEGORY(lcHttp, "kmconsole.http", QtWarningMsg)
Q_LOGGING_CATEGORY(lcTls, "kmconsole.tls", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSecrets, "kmconsole.secrets", QtWarningMsg)
Q_LOGGING_CATEGORY(lcProfiles, "kmconsole.profiles", QtWarningMsg)
Q_LOGGING_CATEGORY(lcApim, "kmconsole.apim", QtWarningMsg)
Q_LOGGING_CATEGORY(lcAsgardeo, "kmconsole.asgardeo", QtWarningMsg)
Q_LOGGING_CATEGORY(lcEntra, "kmconsole.entra", QtWarningMsg)
Q_LOGGING_CATEGORY(lcTokens, "kmconsole.tokens", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSetup, "kmconsole.setup", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSandbox, "kmconsole.sandbox", QtWarningMsg)
Q_LOGGING_CATEGORY(lcUi, "kmconsole.ui", QtWarningMsg)
