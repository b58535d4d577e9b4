#include "pskc/pskc_schema.hpp"

#include "pskc/xml_dsig.hpp"

#include <memory>
#include <pskc/pskc.h>

namespace kps::reports::pskc {
namespace {

struct ContainerFree {
    void operator()(pskc_t* container) const { pskc_done(container); }
};
using ContainerPtr = std::unique_ptr<pskc_t, ContainerFree>;

} // namespace

ReportResult<void> validate(const QByteArray& document, const QString& file) {
    xml::initialise();
    pskc_t* raw = nullptr;
    if (pskc_init(&raw) != PSKC_OK)
        return reportFailure(ReportErrorKind::Output, file, {},
                             QStringLiteral("libpskc: no memory"));
    ContainerPtr container(raw);
    // libpskc's parser reads what it knows (it leaves EncryptedValue and Extensions to
    // the caller and says so); the schema check is what counts here.
    const int parsed =
        pskc_parse_from_memory(container.get(), size_t(document.size()), document.constData());
    int valid = 0;
    if ((parsed != PSKC_OK && parsed != PSKC_PARSE_ERROR) ||
        pskc_validate(container.get(), &valid) != PSKC_OK || !valid)
        return reportFailure(ReportErrorKind::BadInput, file, QStringLiteral("/"),
                             QStringLiteral("not a valid PSKC document (RFC 6030 schema)"));
    return {};
}

} // namespace kps::reports::pskc
