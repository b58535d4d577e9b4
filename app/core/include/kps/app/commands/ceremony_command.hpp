#pragma once
// The custodian ceremony's last step: with two custodians logged in, import a master
// bundle or a key list, or destroy a customer order's keys. Refuses the same person
// twice and anyone who is not a key custodian before key custody is asked anything.
// A key list import shows its progress and can be cancelled (nothing is imported).
#include "kps/app/commands/command.hpp"
#include "kps/app/commands/key_custody.hpp"

namespace kps::app {

enum class CeremonyKind { ImportMasters, ImportKeyList, DestroyKeys };

struct CeremonyRequest {
    CeremonyKind kind = CeremonyKind::ImportMasters;
    CustodianPair custodians;
    QString target; // the file (imports) or the order (destruction)
};

class CeremonyCommand final : public Command {
    Q_OBJECT
public:
    CeremonyCommand(StationHost& host, std::shared_ptr<KeyCustody> custody, CeremonyRequest request,
                    QObject* parent = nullptr);
    const CustodyResult* result() const { return resultAs<CustodyResult>(); }
};

} // namespace kps::app
