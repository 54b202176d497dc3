#include "services/core/Logging.h"

Q_LOGGING_CATEGORY(lcHttp, "kmconsole.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTls, "kmconsole.tls", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecrets, "kmconsole.secrets", QtInfoMsg)
Q_LOGGING_CATEGORY(lcProfiles, "kmconsole.profiles", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApim, "kmconsole.apim", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAsgardeo, "kmconsole.asgardeo", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEntra, "kmconsole.entra", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTokens, "kmconsole.tokens", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSetup, "kmconsole.setup", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSandbox, "kmconsole.sandbox", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "kmconsole.ui", QtInfoMsg)
