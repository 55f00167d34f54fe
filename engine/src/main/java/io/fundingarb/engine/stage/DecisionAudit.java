package io.fundingarb.engine.stage;

/**
 * Told by RiskStage of each entry and exit decision, before the decision changes any state, so
 * that an audit ({@code replay --explain}) reads the inputs exactly as the stage weighed them
 * through {@link RiskStage#inspectEntry} and {@link RiskStage#inspectExit}. The engine runs without
 * one; replay runs the same stages with one.
 */
public interface DecisionAudit
{
    /** RiskStage enters pair {@code pairId} on its ranked opportunity {@code rank} (0 = best). */
    void onEntry(RiskStage risk, long pairId, int rank);

    /** RiskStage starts closing pair {@code pairId} for {@code reason}. */
    void onExit(RiskStage risk, long pairId, Reason reason);
}
