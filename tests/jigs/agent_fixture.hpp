#pragma once
// An emulated STM32WLE5 running the endpoint application personalised for a station
// (its key in the trust anchor block), driven the way the station drives it: mailbox
// reads, writes and status polls through the simulated probe (DAP -> SW-DP -> AHB-AP).
#include "agent_station.hpp"
#include "kps/jigs/keystore_record.hpp"
#include "stm32wl_fixture.hpp"

#include <QFile>

namespace kps::test {

using agentref::Bytes;
namespace proto = jigs::agent;

inline Bytes endpointImage(std::span<const proto::StationKey> stationKeys) {
    QFile file(QStringLiteral(KPS_ENDPOINT_APP_BIN));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("the endpoint application is missing");
    const QByteArray data = file.readAll();
    Bytes image(data.begin(), data.end());
    if (!stationKeys.empty() && !proto::patchTrustAnchor(image, wl::kFlash, stationKeys))
        qFatal("cannot patch the trust anchor");
    return image;
}

/// Station keys (a, b, c...) p256 seeds 1000 + n.
inline agentref::Station testStation(std::uint32_t n = 0) {
    return {p256::keyFromSeed(1000 + n)};
}

struct AgentEndpoint {
    explicit AgentEndpoint(std::uint8_t tag, std::span<const proto::StationKey> stationKeys)
        : link(options(tag)) {
        link.mcu->writeFlashDirectly(wl::kFlash, endpointImage(stationKeys));
        link.mcu->powerOnReset(); // the image is in: it boots from flash
        link.linkUp();
    }
    static mcuemu::Stm32wlOptions options(std::uint8_t tag) {
        mcuemu::Stm32wlOptions o = Stm32wlLink::defaultOptions();
        o.uniqueId[8] = tag; // DEVNUM, the UID64's low word
        o.seed = 100 + tag;
        return o;
    }

    std::uint32_t word(std::uint32_t offset) { return link.must(proto::kMailbox + offset); }
    proto::AgentStatus status() { return proto::AgentStatus(word(proto::kStatus)); }

    Bytes bytes(std::uint32_t offset, std::size_t size) {
        std::vector<std::uint32_t> words((size + 3) / 4);
        jigs::TransferQueue queue(link.dap);
        jigs::adiv5::MemAp ap(queue);
        ap.readWords(proto::kMailbox + offset, words, "mailbox");
        if (!queue.flush())
            qFatal("mailbox read failed");
        Bytes out(size);
        for (std::size_t i = 0; i < size; ++i)
            out[i] = std::uint8_t(words[i / 4] >> (8 * (i % 4)));
        return out;
    }

    void put(std::uint32_t offset, const Bytes& data) {
        std::vector<std::uint32_t> words((data.size() + 3) / 4, 0);
        for (std::size_t i = 0; i < data.size(); ++i)
            words[i / 4] |= std::uint32_t(data[i]) << (8 * (i % 4));
        jigs::TransferQueue queue(link.dap);
        jigs::adiv5::MemAp ap(queue);
        ap.writeWords(proto::kMailbox + offset, words, "mailbox");
        if (!queue.flush())
            qFatal("mailbox write failed");
    }

    /// Polls the status until it is no longer `passing` (each poll is one probe
    /// command: the core runs meanwhile).
    proto::AgentStatus awaitStatusAfter(std::initializer_list<proto::AgentStatus> passing) {
        for (int poll = 0; poll < 2000; ++poll) {
            const proto::AgentStatus now = status();
            if (std::find(passing.begin(), passing.end(), now) == passing.end())
                return now;
        }
        return proto::AgentStatus::Boot;
    }

    /// Waits for a published key pair (after boot, or after a restart command that
    /// follows a refusal).
    agentref::Publication awaitPublication() {
        int poll = 0;
        while (status() != proto::AgentStatus::Waiting)
            if (++poll == 2000)
                return {};
        return {bytes(proto::kUid64, 8), bytes(proto::kAgentKey, 64), word(proto::kExchange)};
    }

    void send(const agentref::Request& request, proto::AgentCommand command) {
        put(proto::kRequest, request.signedPart);
        put(proto::kSignature, request.signature);
        put(proto::kWrapped, request.wrapped);
        put(proto::kCommand, {std::uint8_t(command), 0, 0, 0});
    }

    /// Sends the request and waits for the agent's verdict.
    proto::AgentStatus exchange(const agentref::Request& request) {
        send(request, proto::AgentCommand::Process);
        return awaitStatusAfter({proto::AgentStatus::Waiting, proto::AgentStatus::Working});
    }

    bool keyStoreBlank() {
        const auto page = link.mcu->keyStorePage();
        return std::all_of(page.begin(), page.end(), [](std::uint8_t b) { return b == 0xFF; });
    }

    Stm32wlLink link;
};

} // namespace kps::test
