// Namespaces most files of this project use; a file names only the others.
global using System.Globalization;
global using MetaRL.Random;
global using MetaRL.Envs;
global using MetaRL.Nn;
global using MetaRL.Tracking;
global using MetaRL.Learning;
