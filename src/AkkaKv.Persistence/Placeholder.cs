namespace AkkaKv.Persistence;
