/* A small Cortex-M4 program for the station's image tests: a vector table, code,
 * constants and initialised data (stored in flash, copied to RAM: its ELF segment's
 * physical address differs from its virtual one). It is never run. */
#include <stdint.h>

extern uint32_t __data_load[], __data_start[], __data_end[], __stack_top[];

static volatile uint32_t counter = 0x12345678u; /* .data */
static const char banner[] = "kps sample firmware";

void reset_handler(void);

__attribute__((section(".vectors"), used)) const void* const vectors[] = {
    __stack_top,
    (const void*)reset_handler,
};

void reset_handler(void) {
    for (uint32_t *from = __data_load, *to = __data_start; to < __data_end;)
        *to++ = *from++;
    for (;;)
        counter += (uint32_t)banner[counter % sizeof banner];
}
