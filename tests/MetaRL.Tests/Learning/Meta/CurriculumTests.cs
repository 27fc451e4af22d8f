using MetaRL.Learning.Meta;

namespace MetaRL.Tests.Learning.Meta;

public sealed class CurriculumTests
{
    [Fact]
    public void Learning_progress_prefers_the_task_whose_return_is_changing()
    {
        var selector = new LearningProgressSelector(4, seed: 1, new LearningProgressOptions { UniformShare = 0 });
        // Visit every task once, then task 2 improves steadily while the others stay flat.
        selector.Update([0, 1, 2, 3], [-10, -10, -10, -10]);
        for (int k = 1; k <= 5; k++) { selector.Update([0, 1, 2, 3], [-10, -10, -10 + 2 * k, -10]); }
        var progress = selector.Progress();
        Assert.True(progress[2] > 0 && progress[0] == 0 && progress[1] == 0 && progress[3] == 0);
        int picks = Enumerable.Range(0, 50).Count(it => selector.Select(it, 1)[0] == 2);
        Assert.Equal(50, picks);
    }

    [Fact]
    public void Learning_progress_tries_every_task_before_repeating_and_restores_its_state()
    {
        var selector = new LearningProgressSelector(6, seed: 3);
        var first = selector.Select(0, 6);
        Assert.Equal([0, 1, 2, 3, 4, 5], first.Order());
        selector.Update(first, [1, 2, 3, 4, 5, 6]);
        selector.Update([1, 4], [5, -3]);
        var copy = new LearningProgressSelector(6, seed: 3);
        copy.LoadState(selector.SaveState());
        Assert.Equal(selector.Select(7, 4), copy.Select(7, 4));
        Assert.Equal(selector.Progress(), copy.Progress());
    }

    [Fact]
    public void Uniform_selection_draws_distinct_tasks_within_a_batch()
    {
        var selector = new UniformTaskSelector(10, seed: 5);
        var batch = selector.Select(3, 10);
        Assert.Equal(Enumerable.Range(0, 10), batch.Order());
        Assert.Equal(batch, new UniformTaskSelector(10, seed: 5).Select(3, 10));
        Assert.NotEqual(batch, selector.Select(4, 10));
    }
}
