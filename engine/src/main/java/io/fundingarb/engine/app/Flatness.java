package io.fundingarb.engine.app;

import io.fundingarb.engine.stage.RiskView;

/**
 * What "flat" means to the exit path and the control endpoint, in one place: RiskStage holds no
 * position on any instrument (from every fill it has seen, orphans included) and no pair is
 * opening, open or closing.
 */
final class Flatness
{
    private Flatness()
    {
    }

    static boolean isFlat(final RiskView.Snapshot risk)
    {
        return risk.flat && risk.count == 0;
    }
}
