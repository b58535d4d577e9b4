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
    ~CeremonyCommand() override { stopAndWait(); }
    const std::optional<CustodyResult>& result() const { return result_; }

protected:
    CommandReport work(provisioning::Station& station, const std::atomic<bool>& cancelled) override;
    void done() override { result_ = std::move(made_); }

private:
    CommandResult<CustodyResult> perform(provisioning::Station& station,
                                         const std::atomic<bool>& cancelled);
    static QString overviewOf(CeremonyKind kind, const CustodyResult& result);
    std::shared_ptr<KeyCustody> custody_;
    CeremonyRequest request_;
    std::optional<CustodyResult> made_, result_;
};

} // namespace kps::app
