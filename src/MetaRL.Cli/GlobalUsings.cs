// Namespaces most files of this project use; a file names only the others.
global using System.Globalization;
global using System.CommandLine;
global using MetaRL.Learning;
global using MetaRL.Tuning;
global using MetaRL.Tracking;
global using MetaRL.Envs;
