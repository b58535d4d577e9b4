// kps-station: the operator GUI (a window that opens; issue "Operator GUI" builds it out).
#include "kps/hsm/process_hardening.hpp"

#include <QApplication>
#include <QLabel>
#include <QMainWindow>

int main(int argc, char* argv[]) {
    kps::hsm::disableCoreDumps();
    QApplication application(argc, argv);
    QApplication::setApplicationName(QStringLiteral("kps-station"));
    QMainWindow window;
    window.setWindowTitle(QStringLiteral("kps station"));
    auto* label = new QLabel(QStringLiteral("Key-provisioning station"), &window);
    label->setAlignment(Qt::AlignCenter);
    window.setCentralWidget(label);
    window.resize(960, 640);
    window.show();
    return application.exec();
}
