# Fails unless the build's translation catalogue (lupdate, resources/translations) holds the texts of
# the widgets and of the services: a translator starting from it gets the errors and hints too.
# Usage: cmake -DTS=path/to/kmconsole_en.ts -P translations_catalogue.cmake
if(NOT EXISTS ${TS})
    message(FATAL_ERROR "${TS} was not written: the 'translations' target runs lupdate in every build (qt6-l10n-tools)")
endif()
file(READ ${TS} catalogue)
foreach(expected
        "<name>km::MainWindow</name>"
        "<name>km::ConnectDialog</name>"
        "<name>km::ProfileValidation</name>"
        "<name>km::KeyManagerConfig</name>"
        "<source>The profile name is empty</source>"
        "<source>&amp;Key Managers</source>"
        # The token check's findings, the transport's errors and the vendors' clients.
        "<name>km::TokenDiagnosis</name>"
        "<source>The signature does not match</source>"
        "<name>km::HttpJob</name>"
        "<name>km::JwksVerifier</name>"
        "<name>km::AsgardeoClient</name>"
        "<name>km::EntraClient</name>"
        "<name>km::ApimClient</name>"
        "<name>km::KeyManagerExport</name>")
# The gateway's own fault messages are quoted as API Manager sends them, never translated.
foreach(untranslated "<source>Invalid Credentials</source>" "<source>Resource forbidden</source>")
    string(FIND "${catalogue}" "${untranslated}" at)
    if(NOT at EQUAL -1)
        message(FATAL_ERROR "${TS} holds ${untranslated}: the gateway's message must be shown as the gateway sends it")
    endif()
endforeach()
    string(FIND "${catalogue}" "${expected}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "${TS} lacks ${expected}")
    endif()
endforeach()
string(REGEX MATCHALL "<message" messages "${catalogue}")
list(LENGTH messages count)
message(STATUS "${TS}: ${count} texts, widgets and services")
