package io.fundingarb.engine.app;

import io.fundingarb.engine.stage.RiskView;

/**
 * What "flat" means to the exit path and the control endpoint, in one place: for now, RiskStage
 * shows no pair (opening, open or closing) in its {@link RiskView}. When the view carries the
 * per-token net exposure, this is the one line to change.
 */
final class Flatness
{
    private Flatness()
    {
    }

    static boolean isFlat(final RiskView.Snapshot risk)
    {
        return risk.count == 0;
    }
}
