#pragma once
// A fresh SoftHSM2 token in a temporary directory, for one test fixture.
#include "kps/hsm/module.hpp"
#include "kps/hsm/session.hpp"
#include "kps/hsm/softhsm.hpp"
#include "kps/hsm/token.hpp"
#include "kps/secure/pin.hpp"

#include <QTemporaryDir>
#include <QTest>
#include <optional>

namespace kps::test {

class SoftHsmToken {
public:
    static constexpr const char* kLabel = "kps-test";

    SoftHsmToken()
        : userPin(secure::randomPin(12))
        , soPin(secure::randomPin(12)) {
        if (!directory.isValid() || !hsm::useSoftHsmIn(directory.path().toStdString()))
            qFatal("cannot prepare a SoftHSM directory");
        auto loaded = hsm::Module::load(hsm::defaultModulePath());
        if (!loaded)
            qFatal("%s", loaded.error().message().c_str());
        module.emplace(std::move(*loaded));
        if (auto slot = hsm::initializeToken(*module, kLabel, soPin, userPin); !slot)
            qFatal("%s", slot.error().message().c_str());
    }

    hsm::Session session() {
        auto opened = hsm::openUserSession(*module, kLabel, userPin);
        if (!opened)
            qFatal("%s", opened.error().message().c_str());
        return std::move(*opened);
    }

    QTemporaryDir directory;
    secure::SecretBytes userPin;
    secure::SecretBytes soPin;
    std::optional<hsm::Module> module;
};

} // namespace kps::test
