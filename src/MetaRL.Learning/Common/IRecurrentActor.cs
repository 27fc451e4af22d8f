namespace MetaRL.Learning;

/// <summary>A capability of algorithms whose greedy policy carries memory: call <see cref="ResetState"/>
/// at the start of every evaluation episode (or trial).</summary>
public interface IRecurrentActor
{
    void ResetState();
}
