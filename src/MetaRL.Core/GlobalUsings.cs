// Namespaces most files of this project use; a file names only the others.
global using MetaRL.Tensors;
global using System.Numerics;
global using System.Numerics.Tensors;
global using MetaRL.Random;
global using MetaRL.Kernels;
global using System.Runtime.CompilerServices;
global using System.Runtime.InteropServices;
global using System.Runtime.Intrinsics;
global using System.Runtime.Intrinsics.X86;
