// Namespaces most files of this project use; a file names only the others.
global using MetaRL.Envs;
global using MetaRL.Learning;
global using MetaRL.Learning.Meta;
global using System.Globalization;
