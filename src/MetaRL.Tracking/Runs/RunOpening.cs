namespace MetaRL.Tracking;

/// <summary>How a writer opens a run folder (<see cref="RunDirectory.OpenForWriting"/>).</summary>
public enum RunOpening
{
    /// <summary>A new run: refused when the folder already holds one.</summary>
    New,

    /// <summary>Continue the run in the folder: refused when it holds none (no <c>config.yaml</c>).</summary>
    Resume,

    /// <summary>Replace whatever run the folder holds: its files are removed (<see cref="RunDirectory.Clear"/>) when the new
    /// run begins, once everything that can fail before it has been prepared.</summary>
    Overwrite,
}
