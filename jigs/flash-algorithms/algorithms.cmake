# Flash algorithms (CMSIS-Pack ABI, jigs/flash-algorithms/<name>/<name>.c): each is
# built with arm-none-eabi-gcc into a position-independent ELF, which is embedded into
# the jigs library (the station loads it with libelf) and kept beside it in the build
# tree (build/jigs/flash-algorithms/<name>.elf) for tests and tools.
set(KPS_ALGORITHM_DIR ${CMAKE_CURRENT_LIST_DIR})
set(KPS_ALGORITHM_FLAGS -mcpu=cortex-m4 -mthumb -Os -fPIC -ffreestanding -fno-builtin
    -fno-tree-loop-distribute-patterns -fvisibility=hidden -Wall -Wextra -Werror
    -nostdlib -nostartfiles -Wl,--gc-sections -Wl,--build-id=none)

function(kps_flash_algorithms)
    set(elves)
    foreach(name IN LISTS ARGN)
        set(source ${KPS_ALGORITHM_DIR}/${name}/${name}.c)
        set(elf ${CMAKE_CURRENT_BINARY_DIR}/flash-algorithms/${name}.elf)
        add_custom_command(OUTPUT ${elf}
            COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/flash-algorithms
            COMMAND ${KPS_ARM_GCC} ${KPS_ALGORITHM_FLAGS}
                    -T ${KPS_ALGORITHM_DIR}/common/algorithm.ld -o ${elf} ${source}
            DEPENDS ${source} ${KPS_ALGORITHM_DIR}/common/flash_os.h
                    ${KPS_ALGORITHM_DIR}/common/algorithm.ld
            COMMENT "Flash algorithm ${name} (arm-none-eabi-gcc)" VERBATIM)
        list(APPEND elves ${name}=${elf})
    endforeach()
    set(cpp ${CMAKE_CURRENT_BINARY_DIR}/embedded_algorithms.cpp)
    set(inputs ${elves})
    list(TRANSFORM inputs REPLACE "^[^=]*=" "")
    string(REPLACE ";" "," pairs "${elves}")
    add_custom_command(OUTPUT ${cpp}
        COMMAND ${CMAKE_COMMAND} "-DALGORITHMS=${pairs}" -DOUTPUT=${cpp}
                -P ${KPS_ALGORITHM_DIR}/embed_algorithms.cmake
        DEPENDS ${inputs} ${KPS_ALGORITHM_DIR}/embed_algorithms.cmake VERBATIM)
    target_sources(jigs PRIVATE ${cpp})
    add_custom_target(flash-algorithms DEPENDS ${inputs})
endfunction()
