// Namespaces most files of this project use; a file names only the others.
global using MetaRL.Tensors;
global using System.Numerics;
global using System.Numerics.Tensors;
global using MetaRL.Random;
global using MetaRL.Kernels;
