# kps_library(NAME <target> [QT]): one library per top-level folder.
# Sources are every .cpp under src/; public headers live in include/kps/<folder>/.
function(kps_library target)
    file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/src/*.cpp)
    file(GLOB_RECURSE headers CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/include/*.hpp
         ${CMAKE_CURRENT_SOURCE_DIR}/src/*.hpp)
    add_library(${target} STATIC ${sources} ${headers})
    add_library(kps::${target} ALIAS ${target})
    target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                         PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
    kps_warnings(${target})
endfunction()

function(kps_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers
                                   -Werror=unused-result)
    if(KPS_SANITIZE OR KPS_FUZZ)
        target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                 -fno-sanitize-recover=undefined)
        target_link_options(${target} PRIVATE -fsanitize=address,undefined)
    endif()
    if(KPS_FUZZ) # coverage for libFuzzer in everything a fuzz target links
        target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
    endif()
endfunction()

# kps_label_tests(<label>): labels every test of the current directory (ctest -L).
function(kps_label_tests label)
    get_property(tests DIRECTORY PROPERTY TESTS)
    foreach(test IN LISTS tests)
        set_property(TEST ${test} APPEND PROPERTY LABELS ${label})
    endforeach()
endfunction()

# kps_qt_test(<name> <source> LIBS <targets...>): one Qt Test executable, registered with ctest.
function(kps_qt_test name source)
    cmake_parse_arguments(ARG "" "TIMEOUT" "LIBS;LABELS" ${ARGN})
    add_executable(${name} ${source})
    target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LIBS})
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
    target_compile_definitions(${name} PRIVATE
        KPS_TEST_VECTORS="${PROJECT_SOURCE_DIR}/tests/vectors"
        KPS_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        KPS_BINARY_DIR="${PROJECT_BINARY_DIR}")
    kps_warnings(${name})
    add_test(NAME ${name} COMMAND ${name})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;KPS_CLI=$<TARGET_FILE:kps>")
    if(ARG_LABELS)
        set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}")
    endif()
endfunction()
