namespace AkkaKv;
