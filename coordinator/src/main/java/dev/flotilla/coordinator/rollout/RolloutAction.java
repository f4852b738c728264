package dev.flotilla.coordinator.rollout;

/**
 * What an operator can do to a rollout or one of its tenants. Which actions a rollout, wave or run
 * allows is their lifecycle's to say ({@link RolloutState#allows}, {@link WaveState#allows}, {@link
 * RunState#allows}). Recorded in the audit trail by {@link #code()}.
 */
public enum RolloutAction {
    PAUSE("pause", "paused"),
    RESUME("resume", "resumed"),
    CANCEL("cancel", "cancelled"),
    APPROVE("approve", "approved"),
    RETRY("retry", "retried"),
    SKIP("skip", "changed");

    private final String code;
    private final String past;

    RolloutAction(String code, String past) {
        this.code = code;
        this.past = past;
    }

    /** The action's name in the audit trail and the API. */
    public String code() {
        return code;
    }

    /** How a refusal says it: "… cannot be {past}". */
    public String past() {
        return past;
    }
}
