package io.fundingarb.connectors.simulator;

import java.util.List;

/** A recorded session a simulator replays instead of a scenario: its timeline and the tokens it streams. */
public interface SimReplay
{
    /** The replay timeline (frames sent, finished). */
    SimReplayer replayer();

    /** The base assets the recording streams. */
    List<String> tokens();
}
