package dev.leadflow.adapter.web;

/**
 * How many password checks a second the dashboard spends on browsers it has not seen sign in
 * before, in the long run ({@code strangersPerSecond}) and at once after a quiet spell
 * ({@code strangerBurst}). Each check costs about a third of a second of one core (PBKDF2,
 * README "Security"), so the default keeps a flood of logins from many addresses to a sixth of a
 * core; browsers that signed in before are not bound by it.
 */
public record LoginLimits(double strangersPerSecond, int strangerBurst) {

    public static final LoginLimits DEFAULT = new LoginLimits(0.5, 5);

    public LoginLimits {
        if (!(strangersPerSecond > 0) || strangerBurst < 1) {
            throw new IllegalArgumentException(
                    "login limits must be positive: " + strangersPerSecond + "/s, burst " + strangerBurst);
        }
    }
}
