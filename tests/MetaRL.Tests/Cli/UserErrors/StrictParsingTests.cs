using MetaRL.Learning;

namespace MetaRL.Tests.Cli.UserErrors;

/// <summary>
/// Config values, config files and study files are parsed strictly: a value that is not whole (<c>[1,</c>), YAML that
/// does not parse (an open flow sequence), a file without keys, and a folder given as a file are each refused with one
/// line saying which, exit code 2, instead of training something else than was asked.
/// </summary>
public sealed class StrictParsingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("metarl-strict-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_root, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Out(string name) => Path.Combine(_root, "runs", name);

    private static readonly string[] Tiny = ["--set", "total_steps=128", "--set", "num_steps=32", "--set", "num_envs=1"];

    [Theory]
    [InlineData("hidden=[1,")]
    [InlineData("hidden=[1]]")]
    [InlineData("hidden=[[1]]")]
    [InlineData("hidden=1,,2")]
    [InlineData("hidden=[8, x]")]
    [InlineData("hidden=8]")]
    public void A_list_value_that_is_not_whole_is_refused_not_trained_as_part_of_it(string assignment)
    {
        CliCall.Run(["train", .. Tiny, "--set", assignment, "--out", Out("list")]).IsUserError("key 'hidden'", "list of integers");
        Assert.False(Directory.Exists(Out("list")));
    }

    [Theory]
    [InlineData("[64, 64]", new[] { 64, 64 })]
    [InlineData("64,64", new[] { 64, 64 })]
    [InlineData(" [ 8 ] ", new[] { 8 })]
    [InlineData("[1e2]", new[] { 100 })]
    [InlineData("[]", new int[0])]
    public void Whole_lists_still_bind(string text, int[] expected)
    {
        var options = new PpoOptions();
        Assert.True(OptionsBinder.TrySet(options, "hidden", text));
        Assert.Equal(expected, options.Hidden);
    }

    [Theory]
    [InlineData("num_envs", "1e9", true)]
    [InlineData("num_envs", "3e9", false)] // past int's range
    [InlineData("num_envs", "1.5", false)]
    [InlineData("num_envs", "4.0", true)]
    public void Integers_take_whole_numbers_in_any_notation_and_nothing_else(string key, string text, bool binds)
    {
        var options = new PpoOptions();
        if (binds) { Assert.True(OptionsBinder.TrySet(options, key, text)); }
        else { Assert.Contains($"key '{key}' must be an integer", Assert.Throws<ConfigException>(() => OptionsBinder.TrySet(options, key, text)).Message, StringComparison.Ordinal); }
    }

    [Theory]
    [InlineData("algo: ppo\nhidden: [64, 64\ntotal_steps: 128\n")]
    [InlineData("hidden: [64,\n")]
    [InlineData("algo: {name: ppo\nseed: 1\n")]
    [InlineData("algo: ppo\nalgo: dqn\n")]
    [InlineData("algo: ppo\n---\nalgo: dqn\n")]
    public void A_yaml_syntax_error_is_one_line_naming_the_file(string yaml)
    {
        string config = Write("broken.yaml", yaml);
        CliCall.Run(["train", config, "--out", Out("yaml")]).IsUserError("broken.yaml");
        CliCall.Run(["meta-train", config, "--out", Out("meta-yaml")]).IsUserError("broken.yaml");
        Assert.False(Directory.Exists(Out("yaml")));
        Assert.False(Directory.Exists(Out("meta-yaml")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("# only a comment\n")]
    public void An_empty_config_file_is_an_error_not_the_defaults(string text)
    {
        string config = Write("empty.yaml", text);
        CliCall.Run(["train", config, .. Tiny, "--out", Out("empty")]).IsUserError($"config file '{config}' is empty");
        CliCall.Run(["meta-train", config, "--out", Out("meta-empty")]).IsUserError($"config file '{config}' is empty");
        Assert.False(Directory.Exists(Out("empty")));
    }

    [Fact]
    public void A_folder_given_as_a_config_or_study_file_is_called_a_folder()
    {
        string folder = Path.Combine(_root, "configs");
        Directory.CreateDirectory(folder);
        CliCall.Run("train", folder, "--out", Out("dir")).IsUserError($"config file '{folder}' is a directory");
        CliCall.Run("meta-train", folder, "--out", Out("dir")).IsUserError($"config file '{folder}' is a directory");
        string studyFolder = Path.Combine(_root, "study.yaml"); // tune takes a .yaml argument for a study file
        Directory.CreateDirectory(studyFolder);
        CliCall.Run("tune", studyFolder, "--trials", "1").IsUserError($"study file '{studyFolder}' is a directory");
        Assert.False(Directory.Exists(Out("dir")));
    }

    [Fact]
    public void A_study_file_with_an_open_flow_sequence_or_a_folder_as_its_config_is_refused_in_one_line()
    {
        string study = Write("study.yaml", "config: {algo: ppo, env: CartPole-v1\nmetric: final_return_mean\nsearch_space:\n  learning_rate: {type: float, low: 1.0e-4, high: 1.0e-2}\n");
        CliCall.Run("tune", study, "--trials", "1").IsUserError("study.yaml", "not valid YAML");
        Directory.CreateDirectory(Path.Combine(_root, "cfgdir"));
        string pointing = Write("pointing.yaml", "config: cfgdir\nmetric: final_return_mean\nsearch_space:\n  learning_rate: {type: float, low: 1.0e-4, high: 1.0e-2}\n");
        CliCall.Run("tune", pointing, "--trials", "1").IsUserError("pointing.yaml", "is a directory");
        string empty = Write("empty-config.yaml", "");
        string pointingEmpty = Write("pointing-empty.yaml", "config: empty-config.yaml\nmetric: final_return_mean\nsearch_space:\n  learning_rate: {type: float, low: 1.0e-4, high: 1.0e-2}\n");
        CliCall.Run("tune", pointingEmpty, "--trials", "1").IsUserError("is empty");
        Assert.True(File.Exists(empty));
    }
}
