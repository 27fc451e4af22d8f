using MetaRL.Tuning;
using Microsoft.Data.Sqlite;

namespace MetaRL.Tests.Tuning;

/// <summary>A study file that is not one, or no longer one, is refused by name; it is never read as an empty study.</summary>
public sealed class SqliteDamageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metarl-damage-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A study file with 30 trials (a few pages), closed cleanly.</summary>
    internal static string WriteStudy(string path)
    {
        using var store = new SqliteStorage(path);
        var f = new Branin();
        Study.Create("b", new RandomSampler(1), store).Optimize(t => f.Evaluate(t, default), 30);
        return path;
    }

    /// <summary>The kinds of damage a study file meets: name → how to do it to a good file.</summary>
    public static TheoryData<string> Damage => ["garbage", "text", "truncated", "overwritten-page"];

    internal static void Apply(string kind, string path)
    {
        switch (kind)
        {
            case "garbage": File.WriteAllBytes(path, [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 131 % 251))]); break;
            case "text": File.WriteAllText(path, "not a database\n"); break;
            case "truncated":
                WriteStudy(path);
                using (var s = new FileStream(path, FileMode.Open)) { s.SetLength(s.Length / 2 + 100); }
                break;
            case "overwritten-page":
                WriteStudy(path);
                using (var s = new FileStream(path, FileMode.Open))
                {
                    s.Position = 3 * 4096;
                    s.Write([.. Enumerable.Repeat((byte)0xA5, 512)]);
                }
                break;
            default: throw new ArgumentException(kind);
        }
    }

    [Theory]
    [MemberData(nameof(Damage))]
    public void A_damaged_file_is_refused_with_its_path(string kind)
    {
        string path = Path.Combine(_dir, kind + ".db");
        Apply(kind, path);
        long length = new FileInfo(path).Length;

        var ex = Assert.Throws<StudyStorageException>(() => new SqliteStorage(path).Dispose());

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Matches("damaged|not a study file", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal(length, new FileInfo(path).Length);
    }

    [Fact]
    public void Another_programs_sqlite_database_is_refused_and_left_untouched()
    {
        string path = Path.Combine(_dir, "other.db");
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE orders (id INTEGER, total REAL)";
            cmd.ExecuteNonQuery();
        }
        byte[] before = File.ReadAllBytes(path);

        var ex = Assert.Throws<StudyStorageException>(() => new SqliteStorage(path).Dispose());

        Assert.Contains("not a study file", ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void An_empty_file_or_an_intact_one_opens()
    {
        string empty = Path.Combine(_dir, "empty.db");
        File.WriteAllBytes(empty, []);
        using (var store = new SqliteStorage(empty)) { Assert.Empty(store.ListStudies()); }
        string good = WriteStudy(Path.Combine(_dir, "good.db"));
        using var reopened = new SqliteStorage(good);
        Assert.Equal(30, reopened.GetAllTrials(reopened.FindStudy("b")!.Id).Count);
    }
}
