/* The LPUART: 8N1, polled. BRR for 9600 Bd from 16 MHz (256 x 16 MHz / 9600). */
#include "endpoint.h"
#include "registers.h"

void uart_start(void) {
    RCC_APB1ENR2 |= RCC_APB1ENR2_LPUART1EN;
    LPUART_BRR = 426667u;
    LPUART_CR1 = LPUART_CR1_UE | LPUART_CR1_TE | LPUART_CR1_RE;
}

int uart_byte_waiting(void) {
    return (LPUART_ISR & LPUART_ISR_RXNE) != 0;
}

uint8_t uart_receive(void) {
    while (!uart_byte_waiting())
        ;
    return (uint8_t)LPUART_RDR;
}

void uart_send(const uint8_t* bytes, size_t length) {
    for (size_t i = 0; i < length; ++i) {
        while (!(LPUART_ISR & LPUART_ISR_TXE))
            ;
        LPUART_TDR = bytes[i];
    }
}

void uart_send_hex_line(const uint8_t* bytes, size_t length) {
    static const char digits[] = "0123456789ABCDEF";
    for (size_t i = 0; i < length; ++i) {
        const uint8_t pair[2] = {(uint8_t)digits[bytes[i] >> 4], (uint8_t)digits[bytes[i] & 15]};
        uart_send(pair, 2);
    }
    uart_send((const uint8_t*)"\r\n", 2);
}
