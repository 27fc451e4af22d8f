using System.Text.Json;

namespace MetaRL.Envs;

/// <summary>JSON round trip for tasks and task lists (the <c>family</c> property names the record type).</summary>
public static class TaskJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    /// <summary>Serialises one task.</summary>
    public static string Serialize(EnvTask task) => JsonSerializer.Serialize(task, Options);

    /// <summary>Serialises a task list.</summary>
    public static string Serialize(IReadOnlyList<EnvTask> tasks) => JsonSerializer.Serialize(tasks, Options);

    /// <summary>Reads one task; throws <see cref="JsonException"/> on malformed input.</summary>
    public static EnvTask Deserialize(string json) =>
        JsonSerializer.Deserialize<EnvTask>(json, Options) ?? throw new JsonException("null task");

    /// <summary>Reads a task list.</summary>
    public static IReadOnlyList<EnvTask> DeserializeList(string json) =>
        JsonSerializer.Deserialize<EnvTask[]>(json, Options) ?? throw new JsonException("null task list");
}
