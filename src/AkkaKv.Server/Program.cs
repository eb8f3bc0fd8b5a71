using AkkaKv.Server;

NodeHost.Build(args).Run();
