#pragma once
// One large tile per slot: grey when idle, amber while an endpoint is being
// provisioned (with its step and a progress bar), green PASS, red FAIL with the reason.
#include "line_model.hpp"

#include <QWidget>

namespace kps::station {

class SlotTile : public QWidget {
    Q_OBJECT
    Q_PROPERTY(QString phase READ phase)
public:
    SlotTile(const LineModel& model, int slot, QWidget* parent = nullptr);

    int slot() const { return slot_; }
    QString phase() const { return phaseName(model_.slot(slot_).phase); }
    /// The text the tile shows (for tests and screen readers).
    QString caption() const;
    /// PASS, FAIL, the step, or idle, in the UI's language.
    QString statusText() const;
    void setMatched(bool matched);
    bool matched() const { return matched_; }
    QSize sizeHint() const override { return {260, 180}; }
    bool dirty = false; // the model changed since the tile was last drawn
    QSize minimumSizeHint() const override { return {180, 130}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QColor background() const;
    const LineModel& model_;
    int slot_;
    bool matched_ = false;
};

} // namespace kps::station
