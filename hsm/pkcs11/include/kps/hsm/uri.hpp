#pragma once
// RFC 7512 PKCS#11 URIs (parsed by p11-kit) naming the station's token and keys,
// e.g. "pkcs11:token=kps-station;object=MANUF_DATA_MASTER;type=secret-key".
// A PIN may come from "pin-source" (a file); "pin-value" is refused.
#include "kps/hsm/attributes.hpp"
#include "kps/hsm/error.hpp"

#include <memory>
#include <optional>
#include <string>

namespace kps::hsm {

class Pkcs11Uri {
public:
    static Result<Pkcs11Uri> parse(const std::string& text);

    Pkcs11Uri(Pkcs11Uri&&) noexcept;
    Pkcs11Uri& operator=(Pkcs11Uri&&) noexcept;
    ~Pkcs11Uri();

    std::optional<std::string> tokenLabel() const;
    std::optional<std::string> objectLabel() const;
    std::optional<std::string> pinSource() const;
    bool matchesToken(const CK_TOKEN_INFO& info) const;
    /// A search template from the URI's object, id and type (e.g. type=secret-key).
    Attributes objectFilter() const;
    /// Whether the URI names an object at all (object=, id= or type=).
    bool namesObject() const;
    const std::string& text() const { return text_; }

private:
    struct Handle;
    Pkcs11Uri(std::unique_ptr<Handle> handle, std::string text);
    std::unique_ptr<Handle> handle_;
    std::string text_;
};

} // namespace kps::hsm
