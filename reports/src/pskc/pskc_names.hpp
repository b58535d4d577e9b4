#pragma once
// The names of the PSKC profile (docs/formats.md): namespaces, algorithm URIs and
// how the listing's wrap names map onto XML Encryption's.
#include <QString>
#include <optional>

namespace kps::reports::pskc {

inline constexpr const char* kPskcNs = "urn:ietf:params:xml:ns:keyprov:pskc";
inline constexpr const char* kDsNs = "http://www.w3.org/2000/09/xmldsig#";
inline constexpr const char* kXencNs = "http://www.w3.org/2001/04/xmlenc#";
inline constexpr const char* kKpsNs = "urn:kps:pskc:1";

inline constexpr const char* kKwAes256Pad = "http://www.w3.org/2009/xmlenc11#kw-aes-256-pad";
inline constexpr const char* kRsaOaepMgf1p = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p";
inline constexpr const char* kAes128 = "http://www.w3.org/2001/04/xmlenc#aes128-cbc";
inline constexpr const char* kAes256 = "http://www.w3.org/2001/04/xmlenc#aes256-cbc";
inline constexpr const char* kPin = "urn:ietf:params:xml:ns:keyprov:pskc:pin";

} // namespace kps::reports::pskc
