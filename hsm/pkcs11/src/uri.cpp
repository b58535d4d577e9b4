#include "kps/hsm/uri.hpp"

#include "kps/hsm/module.hpp"

#include <p11-kit/uri.h>

namespace kps::hsm {

struct Pkcs11Uri::Handle {
    P11KitUri* uri = p11_kit_uri_new();
    ~Handle() { p11_kit_uri_free(uri); }
};

Pkcs11Uri::Pkcs11Uri(std::unique_ptr<Handle> handle, std::string text)
    : handle_(std::move(handle))
    , text_(std::move(text)) {}
Pkcs11Uri::Pkcs11Uri(Pkcs11Uri&&) noexcept = default;
Pkcs11Uri& Pkcs11Uri::operator=(Pkcs11Uri&&) noexcept = default;
Pkcs11Uri::~Pkcs11Uri() = default;

Result<Pkcs11Uri> Pkcs11Uri::parse(const std::string& text) {
    auto handle = std::make_unique<Handle>();
    int rc = p11_kit_uri_parse(text.c_str(), P11_KIT_URI_FOR_ANY, handle->uri);
    if (rc != P11_KIT_URI_OK)
        return fail("parse PKCS#11 URI", CKR_ARGUMENTS_BAD, text,
                    std::string(p11_kit_uri_message(rc)) + ": see RFC 7512");
    if (p11_kit_uri_get_pin_value(handle->uri))
        return fail("parse PKCS#11 URI", CKR_ARGUMENTS_BAD, "URI with pin-value",
                    "a PIN never goes into a URI: use pin-source=file:...");
    return Pkcs11Uri(std::move(handle), text);
}

std::optional<std::string> Pkcs11Uri::tokenLabel() const {
    CK_TOKEN_INFO* info = p11_kit_uri_get_token_info(handle_->uri);
    std::string label = trimPadded(info->label, sizeof info->label);
    if (label.empty())
        return std::nullopt;
    return label;
}

std::optional<std::string> Pkcs11Uri::objectLabel() const {
    CK_ATTRIBUTE* attribute = p11_kit_uri_get_attribute(handle_->uri, CKA_LABEL);
    if (!attribute)
        return std::nullopt;
    return std::string(static_cast<const char*>(attribute->pValue), attribute->ulValueLen);
}

std::optional<std::string> Pkcs11Uri::pinSource() const {
    const char* source = p11_kit_uri_get_pin_source(handle_->uri);
    if (!source)
        return std::nullopt;
    std::string value = source;
    if (value.rfind("file:", 0) == 0)
        value.erase(0, 5);
    return value;
}

Attributes Pkcs11Uri::objectFilter() const {
    Attributes filter;
    CK_ULONG count = 0;
    CK_ATTRIBUTE* attributes = p11_kit_uri_get_attributes(handle_->uri, &count);
    for (CK_ULONG i = 0; i < count; ++i) {
        const auto* value = static_cast<const std::uint8_t*>(attributes[i].pValue);
        filter.bytes(attributes[i].type, {value, attributes[i].ulValueLen});
    }
    return filter;
}

bool Pkcs11Uri::namesObject() const {
    CK_ULONG count = 0;
    p11_kit_uri_get_attributes(handle_->uri, &count);
    return count > 0;
}

bool Pkcs11Uri::matchesToken(const CK_TOKEN_INFO& info) const {
    return p11_kit_uri_match_token_info(handle_->uri, &info) == 1;
}

} // namespace kps::hsm
