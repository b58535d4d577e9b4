/* The endpoint application: reads its key store once at boot; each byte it receives on
   the LPUART is a read request, answered with one OMS mode 5 telegram of the current
   volume reading as a line of hex. Without a valid key store it answers NOKEYS. The
   access number starts at 1; the volume starts at 12345.67 m3 and grows 1.11 m3 per
   reading. With a blank key store it first runs the provisioning agent (agent.c);
   with a valid one it publishes the key store's KCVs in the agent's mailbox. */
#include "agent.h"
#include "endpoint.h"

static uint32_t bcd_add(uint32_t bcd, uint32_t add_bcd) {
    uint32_t result = 0, carry = 0;
    for (int digit = 0; digit < 8; ++digit) {
        uint32_t sum = ((bcd >> (4 * digit)) & 15u) + ((add_bcd >> (4 * digit)) & 15u) + carry;
        carry = sum > 9u;
        result |= (carry ? sum - 10u : sum) << (4 * digit);
    }
    return result;
}

int main(void) {
    struct key_store store;
    int keys = key_store_read(&store);
    if (keys == 0) {
        agent_publish_key_store(ST_PROVISIONED);
    } else {
        agent_run();
        keys = key_store_read(&store);
    }
    uart_start();
    uint8_t access_number = 1;
    uint32_t volume = 0x01234567u;
    for (;;) {
        (void)uart_receive();
        if (keys != 0) {
            uart_send((const uint8_t*)"NOKEYS\r\n", 8);
            continue;
        }
        uint8_t telegram[64];
        const size_t length = telegram_build(&store, access_number++, volume, telegram);
        uart_send_hex_line(telegram, length);
        volume = bcd_add(volume, 0x111u);
    }
}
