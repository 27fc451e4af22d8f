// Namespaces most files of this project use; a file names only the others.
global using MetaRL.Random;
