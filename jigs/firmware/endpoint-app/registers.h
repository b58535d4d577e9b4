/* STM32WLE5 addresses the endpoint application uses (stm32wle5xx.h, RM0461): the
   key-store page, the AES accelerator, the LPUART and the clock enables. */
#ifndef ENDPOINT_APP_REGISTERS_H
#define ENDPOINT_APP_REGISTERS_H

#include <stdint.h>

#define REG(address) (*(volatile uint32_t*)(address))

#define KEY_STORE_ADDRESS 0x0803F800u /* the last flash page */
#define KEY_STORE_SIZE 2048u

#define RCC_BASE 0x58000000u
#define RCC_AHB3ENR REG(RCC_BASE + 0x50u)
#define RCC_AHB3ENR_AESEN (1u << 17)
#define RCC_APB1ENR2 REG(RCC_BASE + 0x5Cu)
#define RCC_APB1ENR2_LPUART1EN (1u << 0)

#define AES_BASE 0x58001800u
#define AES_CR REG(AES_BASE + 0x00u)
#define AES_SR REG(AES_BASE + 0x04u)
#define AES_DINR REG(AES_BASE + 0x08u)
#define AES_DOUTR REG(AES_BASE + 0x0Cu)
#define AES_KEYR(n) REG(AES_BASE + 0x10u + 4u * (n)) /* KEYR0..KEYR3 */
#define AES_IVR(n) REG(AES_BASE + 0x20u + 4u * (n))  /* IVR0..IVR3 */
#define AES_CR_EN (1u << 0)
#define AES_CR_DATATYPE_BYTES (2u << 1) /* byte order as in memory */
#define AES_CR_CHMOD_CBC (1u << 5)
#define AES_CR_CCFC (1u << 7)
#define AES_SR_CCF (1u << 0)

#define LPUART_BASE 0x40008000u
#define LPUART_CR1 REG(LPUART_BASE + 0x00u)
#define LPUART_BRR REG(LPUART_BASE + 0x0Cu)
#define LPUART_ISR REG(LPUART_BASE + 0x1Cu)
#define LPUART_RDR REG(LPUART_BASE + 0x24u)
#define LPUART_TDR REG(LPUART_BASE + 0x28u)
#define LPUART_CR1_UE (1u << 0)
#define LPUART_CR1_RE (1u << 2)
#define LPUART_CR1_TE (1u << 3)
#define LPUART_ISR_RXNE (1u << 5)
#define LPUART_ISR_TXE (1u << 7)

#endif
