namespace MetaRL.Learning.Meta;

/// <summary>
/// What <see cref="MetaAlgorithm.Adapt"/> produced for one task, nothing yet written (<see cref="MetaAdapter"/>
/// saves it).
/// </summary>
/// <param name="Returns">The return after each step (0…K), or of each episode of the trial for RL².</param>
/// <param name="Policy">The adapted policy (for RL² the meta-learned one unchanged: its adaptation is <see cref="State"/>).</param>
/// <param name="State">Named tensors that belong with the policy, each saved as <c>NAME.safetensors</c> holding
/// one tensor <c>NAME</c> (RL²'s <c>hidden</c>); empty for a gradient learner.</param>
/// <param name="Metadata">Entries added to the saved files' metadata after the task's (a gradient learner's <c>steps</c>).</param>
public sealed record AdaptedPolicy(IReadOnlyList<double> Returns, Module Policy, IReadOnlyDictionary<string, Tensor> State, IReadOnlyDictionary<string, string> Metadata);
