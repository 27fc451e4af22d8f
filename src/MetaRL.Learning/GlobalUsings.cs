// Namespaces most files of this project use; a file names only the others.
global using MetaRL.Random;
global using MetaRL.Envs;
global using MetaRL.Tensors;
global using MetaRL.Nn;
global using MetaRL.Tracking;
global using MetaRL.Optim;
global using System.Globalization;
