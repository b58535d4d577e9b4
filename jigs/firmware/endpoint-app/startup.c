/* Vector table and reset handler of the endpoint application (Cortex-M4): the
   initial stack pointer and the reset handler; every fault handler parks the core.
   The reset handler copies .data from flash, clears .bss and calls main. */
#include <stdint.h>

extern uint32_t _stack_top, _data_load, _data_start, _data_end, _bss_start, _bss_end;
int main(void);

void reset_handler(void);
static void park(void) {
    for (;;)
        ;
}

__attribute__((section(".vectors"), used)) void (*const vectors[16])(void) = {
    (void (*)(void))(&_stack_top), reset_handler, park, park, park, park, park, 0, 0, 0, 0,
    park, park, 0, park, park,
};

void reset_handler(void) {
    const uint32_t* from = &_data_load;
    for (uint32_t* to = &_data_start; to < &_data_end;)
        *to++ = *from++;
    for (uint32_t* to = &_bss_start; to < &_bss_end;)
        *to++ = 0;
    main();
    park();
}
