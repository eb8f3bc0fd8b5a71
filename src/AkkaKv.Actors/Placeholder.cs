namespace AkkaKv.Actors;
