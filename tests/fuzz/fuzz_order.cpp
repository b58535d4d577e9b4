// libFuzzer target: a kps-order/1 document through the schema and the order reader
// (addresses, key source, quantity), with fixed party certificates.
#include "fuzz_party.hpp"
#include "kps/provisioning/order.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray document(reinterpret_cast<const char*>(data), qsizetype(size));
    auto order = kps::provisioning::orderFromRegistered(document, kps::fuzz::party().der,
                                                        kps::fuzz::party().der);
    if (order)
        for (std::uint32_t i = 0; i < 3; ++i)
            (void)order->addressAt(i);
    return 0;
}
