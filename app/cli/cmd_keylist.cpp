// kps keylist import FILE: a customer's key list, two key custodians.
#include "commands.hpp"
#include "kps/app/operations/custody.hpp"
#include "progress_printer.hpp"
#include "session.hpp"

#include <cstdio>
#include <unistd.h>

namespace kps::cli {
namespace {

class ImportProgress final : public provisioning::ImportObserver {
public:
    explicit ImportProgress(bool enabled)
        : enabled_(enabled) {}
    void progress(qint64 done, qint64 total) const override {
        if (enabled_ && (done == total || done % 1000 == 0))
            std::fprintf(stderr, "\rkey list: %lld / %lld endpoints", static_cast<long long>(done),
                         static_cast<long long>(total));
        if (enabled_ && done == total)
            std::fputc('\n', stderr);
    }

private:
    bool enabled_;
};

const Operand kFile{"FILE", Operand::Kind::Text};

int importKeyList(const Invocation& call) {
    const Context& context = call.context();
    const QString file = call.operand(0);
    auto opened = openWithCustodians(context, [&](provisioning::Station& station) {
        return station.custody().checkKeyListFile(file); // before anyone logs in
    });
    if (!opened)
        return failWith(context, opened.error());
    const ImportProgress progress(!context.json && isatty(STDERR_FILENO));
    auto imported = app::importKeyList(*opened->station, opened->custodians, file, progress,
                                       installCancelOnSignal());
    if (!imported)
        return failWith(context, imported.error());
    return succeed(context,
                   QStringLiteral("Order %1: key list of %2 endpoints imported (re-wrapped under "
                                  "the order's storage key)")
                       .arg(imported->orderId)
                       .arg(imported->items),
                   {{QStringLiteral("order"), imported->orderId},
                    {QStringLiteral("sha256"), imported->fileSha256},
                    {QStringLiteral("endpoints"), imported->items}});
}

} // namespace

CommandSpec keyListCommand() {
    return {"keylist",
            "Import a customer's key list (two key custodians)",
            {{"import",
              {kFile},
              {},
              {},
              "a kps-listing/1 of purpose key-list, checked in full before anyone logs in",
              importKeyList}}};
}

} // namespace kps::cli
