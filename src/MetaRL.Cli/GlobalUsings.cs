// Namespaces most files of this project use; a file names only the others.
global using System.Globalization;
global using System.CommandLine;
global using MetaRL.Learning;
global using MetaRL.Tuning;
global using MetaRL.Tracking;
global using MetaRL.Envs;
global using System.Diagnostics;
global using System.Text.Json;
global using MetaRL.Learning.Meta;
global using MetaRL.Learning.Decision;
global using MetaRL.Memory;
global using MetaRL.Tensors;
global using MetaRL.Nn;
global using MetaRL.Kernels;
global using MetaRL.Random;
global using MetaRL.Optim;
