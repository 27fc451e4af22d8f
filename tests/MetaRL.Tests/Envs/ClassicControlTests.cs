using MetaRL.Envs;

namespace MetaRL.Tests.Envs;

public sealed class ClassicControlTests
{
    // Expected values computed by hand from Gymnasium's published equations (Python float64, libm sin/cos).
    [Fact]
    public void CartPole_matches_hand_computed_euler_steps_bit_for_bit()
    {
        var env = new CartPole();
        var obs = env.NewObservation();
        env.Reset(obs, seed: 0);
        env.SetState([0.01, -0.02, 0.03, 0.04], obs);
        var state = new double[4];
        double[][] expected =
        [
            [0.009600000000000001, 0.17467919574755525, 0.030799999999999998, -0.2430687179600081],
            [0.013093583914951107, -0.020868848948191993, 0.025938625640799837, 0.0591679999394166],
            [0.012676206935987267, 0.1738717748734813, 0.02712198563958817, -0.22521957255967326],
        ];
        int[] actions = [1, 0, 1];
        for (int t = 0; t < 3; t++)
        {
            var r = env.Step(actions[t], obs);
            env.GetState(state);
            Assert.Equal(expected[t], state);
            for (int i = 0; i < 4; i++) { Assert.Equal((float)expected[t][i], obs[i]); }
            Assert.Equal(1.0, r.Reward);
            Assert.False(r.Terminated);
        }
    }

    [Fact]
    public void CartPole_terminating_step_still_pays_one_and_thresholds_are_strict()
    {
        var env = new CartPole();
        var obs = env.NewObservation();
        env.Reset(obs, 1);
        // x moves by tau * x_dot = 0.02 * 0.5 = 0.01 past 2.395 -> 2.405 > 2.4.
        env.SetState([2.395, 0.5, 0, 0], obs);
        var r = env.Step(1, obs);
        Assert.True(r.Terminated);
        Assert.Equal(1.0, r.Reward);
        // Exactly at the thresholds is not terminal (Gymnasium uses strict comparisons); zero velocities keep x and θ there.
        var s = new double[4];
        env.SetState([2.4, 0.0, CartPole.ThetaThresholdRadians, 0.0], obs);
        r = env.Step(0, obs);
        env.GetState(s);
        Assert.Equal(2.4, s[0]);
        Assert.Equal(CartPole.ThetaThresholdRadians, s[2]);
        Assert.False(r.Terminated);
    }

    [Fact]
    public void CartPole_v1_from_the_registry_truncates_at_500_steps()
    {
        var env = EnvRegistry.Make("CartPole-v1");
        var obs = env.NewObservation();
        env.Reset(obs, 3);
        var cp = (CartPole)env.Unwrapped;
        StepResult r = default;
        int steps = 0;
        while (!r.Done)
        {
            cp.SetState([0, 0, 0, 0], obs); // keep it balanced so only the time limit can end it
            r = env.Step(steps % 2, obs);
            steps++;
        }
        Assert.Equal(500, steps);
        Assert.True(r.Truncated);
        Assert.False(r.Terminated);
    }

    [Fact]
    public void CartPole_rejects_actions_outside_its_space()
    {
        var env = new CartPole();
        var obs = env.NewObservation();
        env.Reset(obs, 0);
        Assert.Throws<ArgumentException>(() => env.Step(2, obs));
    }

    [Fact]
    public void CartPole_reset_draws_all_four_values_from_the_small_interval()
    {
        var env = new CartPole();
        var obs = env.NewObservation();
        for (int seed = 0; seed < 50; seed++)
        {
            env.Reset(obs, seed);
            foreach (var v in obs) { Assert.InRange(v, -0.05f, 0.05f); }
        }
    }

    [Fact]
    public void Pendulum_matches_hand_computed_steps_including_clipped_torque()
    {
        var env = new Pendulum();
        var obs = env.NewObservation();
        env.Reset(obs, 0);
        env.SetState([3.0, -0.5], obs);
        var s = new double[2];
        var r = env.Step([1.5f], obs);
        env.GetState(s);
        Assert.Equal(2.991542000302245, s[0]);
        Assert.Equal(-0.16915999395509962, s[1]);
        Assert.Equal(-9.027250000135973, r.Reward);
        Assert.Equal([-0.9887635111808777f, 0.14948821067810059f, -0.16915999352931976f], obs);
        r = env.Step([-3.0f], obs); // clipped to -2
        env.GetState(s);
        Assert.Equal(2.973689808734025, s[0]);
        Assert.Equal(-0.35704383136440176, s[1]);
        Assert.Equal(-8.956185050117831, r.Reward);
        Assert.Equal(-2f, env.LastTorque);
    }

    [Fact]
    public void Pendulum_clips_angular_speed_at_eight()
    {
        var env = new Pendulum();
        var obs = env.NewObservation();
        env.Reset(obs, 0);
        env.SetState([Math.PI / 2, 7.99], obs);
        env.Step([2f], obs);
        Assert.Equal(8f, obs[2]);
    }

    [Fact]
    public void Angle_normalisation_uses_floored_modulo_like_python()
    {
        Assert.Equal(-Math.PI + 0.5, Pendulum.AngleNormalize(Math.PI + 0.5), 12);
        Assert.Equal(Math.PI - 0.5, Pendulum.AngleNormalize(-Math.PI - 0.5), 12);
        Assert.Equal(0.25, Pendulum.AngleNormalize(0.25), 15);
    }

    [Fact]
    public void Pendulum_v1_from_the_registry_truncates_at_200_steps()
    {
        var env = EnvRegistry.Make("Pendulum-v1");
        var obs = env.NewObservation();
        env.Reset(obs, 0);
        int steps = 0;
        StepResult r = default;
        while (!r.Done) { r = env.Step([0f], obs); steps++; }
        Assert.Equal(200, steps);
        Assert.True(r.Truncated);
    }

    [Fact]
    public void A_seed_given_once_fixes_the_whole_episode_sequence()
    {
        static float[] Run(long seed)
        {
            var env = EnvRegistry.Make("CartPole-v1");
            var obs = env.NewObservation();
            var trace = new List<float>();
            env.Reset(obs, seed);
            for (int ep = 0; ep < 3; ep++)
            {
                if (ep > 0) { env.Reset(obs); }
                trace.AddRange(obs);
                for (int t = 0; t < 20; t++) { if (env.Step(t % 3 == 0 ? 1 : 0, obs).Done) { break; } trace.AddRange(obs); }
            }
            return [.. trace];
        }
        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7), Run(8));
    }

    [Fact]
    public void SetState_of_the_wrong_length_names_the_state_variables_and_leaves_the_state_alone()
    {
        var cartPole = new CartPole();
        var obs = cartPole.NewObservation();
        cartPole.SetState([0.1, 0.2, 0.03, 0.04], obs);
        var error = Assert.Throws<ArgumentException>(() => cartPole.SetState([1.0, 2.0], obs));
        Assert.Equal("CartPole-v1 state has 4 values (x, x_dot, theta, theta_dot), got 2.", error.Message);
        var state = new double[4];
        cartPole.GetState(state);
        Assert.Equal([0.1, 0.2, 0.03, 0.04], state);

        var pendulum = new Pendulum();
        error = Assert.Throws<ArgumentException>(() => pendulum.SetState([1.0, 2.0, 3.0], pendulum.NewObservation()));
        Assert.Equal("Pendulum-v1 state has 2 values (theta, theta_dot), got 3.", error.Message);
    }

    [Fact]
    public void Setting_cart_pole_parameters_changes_the_dynamics_as_a_fresh_env_with_them_would()
    {
        var task = new CartPoleTask(Gravity: 3.0, MassPole: 0.4, Length: 0.8, ForceMag: 15.0);
        var changed = new CartPole();
        changed.Parameters = task;
        var fresh = new CartPole(task);
        var nominal = new CartPole();
        float[] a = changed.NewObservation(), b = fresh.NewObservation(), c = nominal.NewObservation();
        foreach (var (env, obs) in new[] { (changed, a), (fresh, b), (nominal, c) }) { env.SetState([0.0, 0.1, 0.05, -0.1], obs); }
        for (int t = 0; t < 5; t++)
        {
            changed.Step(t % 2, a);
            fresh.Step(t % 2, b);
            nominal.Step(t % 2, c);
        }
        Assert.Equal(b, a);
        Assert.NotEqual(c, a);
        Assert.Same(task, changed.Parameters);
        Assert.Throws<ArgumentNullException>(() => changed.Parameters = null!);
    }
}
