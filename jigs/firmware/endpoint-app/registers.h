/* STM32WLE5 addresses the endpoint application uses (stm32wle5xx.h, RM0461): the
   key-store page, the flash controller, the unique ID, the AES accelerator, the RNG,
   the PKA, the LPUART and the clock enables. */
#ifndef ENDPOINT_APP_REGISTERS_H
#define ENDPOINT_APP_REGISTERS_H

#include <stdint.h>

#define REG(address) (*(volatile uint32_t*)(address))

#define KEY_STORE_ADDRESS 0x0803F800u /* the last flash page */
#define KEY_STORE_SIZE 2048u

#define RCC_BASE 0x58000000u
#define RCC_AHB3ENR REG(RCC_BASE + 0x50u)
#define RCC_AHB3ENR_PKAEN (1u << 16)
#define RCC_AHB3ENR_AESEN (1u << 17)
#define RCC_AHB3ENR_RNGEN (1u << 18)
#define RCC_APB1ENR2 REG(RCC_BASE + 0x5Cu)
#define RCC_APB1ENR2_LPUART1EN (1u << 0)

#define AES_BASE 0x58001800u
#define AES_CR REG(AES_BASE + 0x00u)
#define AES_SR REG(AES_BASE + 0x04u)
#define AES_DINR REG(AES_BASE + 0x08u)
#define AES_DOUTR REG(AES_BASE + 0x0Cu)
#define AES_KEYR(n) REG(AES_BASE + ((n) < 4 ? 0x10u + 4u * (n) : 0x20u + 4u * (n))) /* KEYR0..7 */
#define AES_IVR(n) REG(AES_BASE + 0x20u + 4u * (n))                                 /* IVR0..IVR3 */
#define AES_CR_EN (1u << 0)
#define AES_CR_DATATYPE_BYTES (2u << 1) /* byte order as in memory */
#define AES_CR_CHMOD_CBC (1u << 5)
#define AES_CR_MODE_DERIVE_DECRYPT (3u << 3) /* key derivation, then decryption */
#define AES_CR_CCFC (1u << 7)
#define AES_CR_KEYSIZE_256 (1u << 18)
#define AES_SR_CCF (1u << 0)

#define UID64_ADDRESS 0x1FFF7580u /* UID64: DEVNUM, then STID/DEVID */

#define RNG_BASE 0x58001000u
#define RNG_CR REG(RNG_BASE + 0x00u)
#define RNG_SR REG(RNG_BASE + 0x04u)
#define RNG_DR REG(RNG_BASE + 0x08u)
#define RNG_CR_RNGEN (1u << 2)
#define RNG_SR_DRDY (1u << 0)

#define PKA_BASE 0x58002000u
#define PKA_CR REG(PKA_BASE + 0x00u)
#define PKA_SR REG(PKA_BASE + 0x04u)
#define PKA_CLRFR REG(PKA_BASE + 0x08u)
#define PKA_RAM(offset) REG(PKA_BASE + (offset)) /* offsets 0x400.. as in RM0461 */
#define PKA_CR_EN (1u << 0)
#define PKA_CR_START (1u << 1)
#define PKA_SR_BUSY (1u << 16)
#define PKA_SR_PROCENDF (1u << 17)
#define PKA_SR_ERRORS ((1u << 19) | (1u << 20)) /* RAMERRF, ADDRERRF */

#define FLASH_REGS 0x58004000u
#define FLASH_KEYR REG(FLASH_REGS + 0x08u)
#define FLASH_SR REG(FLASH_REGS + 0x10u)
#define FLASH_CR REG(FLASH_REGS + 0x14u)
#define FLASH_KEY1 0x45670123u
#define FLASH_KEY2 0xCDEF89ABu
#define FLASH_SR_ERRORS 0xC3FAu
#define FLASH_SR_BSY (1u << 16)
#define FLASH_SR_CFGBSY (1u << 18)
#define FLASH_CR_PG (1u << 0)
#define FLASH_CR_PER (1u << 1)
#define FLASH_CR_PNB_SHIFT 3u
#define FLASH_CR_STRT (1u << 16)
#define FLASH_CR_LOCK (1u << 31)
#define FLASH_BASE 0x08000000u
#define FLASH_PAGE 2048u

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
