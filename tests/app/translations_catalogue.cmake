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
        "<source>&amp;Key Managers</source>")
    string(FIND "${catalogue}" "${expected}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "${TS} lacks ${expected}")
    endif()
endforeach()
string(REGEX MATCHALL "<message" messages "${catalogue}")
list(LENGTH messages count)
message(STATUS "${TS}: ${count} texts, widgets and services")
