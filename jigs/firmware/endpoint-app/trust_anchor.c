/* The trust anchor block (agent.h): erased (0xFF) as built; patched per station with
   the stations' P-256 public keys before the image's SHA-256 is pinned. The agent
   reads it by its address, never through this symbol, so nothing is folded. */
#include <stdint.h>

__attribute__((section(".trust_anchor"), used))
const uint8_t trust_anchor[512] = {[0 ... 511] = 0xFF};
