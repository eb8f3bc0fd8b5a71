# syntax=docker/dockerfile:1
# AkkaKv's two images, built from the repository root, one target each:
#   docker build --target akkakv-server     -t akkakv/akkakv-server:dev .
#   docker build --target akkakv-lighthouse -t akkakv/akkakv-lighthouse:dev .
# Both carry the akkakv command line on the PATH (the node's preStop hook runs `akkakv 127.0.0.1:9110 cluster leave`;
# `kubectl exec <pod> -- akkakv cluster show` works on either).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /repo
# Restore first, from the project files alone: this layer is reused until a project or package version changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/AkkaKv.Contracts/AkkaKv.Contracts.csproj src/AkkaKv.Contracts/
COPY src/AkkaKv.Persistence/AkkaKv.Persistence.csproj src/AkkaKv.Persistence/
COPY src/AkkaKv.Actors/AkkaKv.Actors.csproj src/AkkaKv.Actors/
COPY src/AkkaKv.Resp/AkkaKv.Resp.csproj src/AkkaKv.Resp/
COPY src/AkkaKv.Management/AkkaKv.Management.csproj src/AkkaKv.Management/
COPY src/AkkaKv.Server/AkkaKv.Server.csproj src/AkkaKv.Server/
COPY src/AkkaKv.Cli/AkkaKv.Cli.csproj src/AkkaKv.Cli/
COPY lighthouse/AkkaKv.Lighthouse/AkkaKv.Lighthouse.csproj lighthouse/AkkaKv.Lighthouse/
RUN dotnet restore src/AkkaKv.Server/AkkaKv.Server.csproj \
 && dotnet restore src/AkkaKv.Cli/AkkaKv.Cli.csproj \
 && dotnet restore lighthouse/AkkaKv.Lighthouse/AkkaKv.Lighthouse.csproj
COPY src/ src/
COPY lighthouse/AkkaKv.Lighthouse/ lighthouse/AkkaKv.Lighthouse/
RUN dotnet publish src/AkkaKv.Server/AkkaKv.Server.csproj -c Release --no-restore -o /out/server \
 && dotnet publish lighthouse/AkkaKv.Lighthouse/AkkaKv.Lighthouse.csproj -c Release --no-restore -o /out/lighthouse \
 && dotnet publish src/AkkaKv.Cli/AkkaKv.Cli.csproj -c Release --no-restore -o /out/cli

# The runtime both images share: the command line, and the images' non-root "app" user (uid 1654).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
COPY --from=build /out/cli /app/cli/
RUN printf '#!/bin/sh\nexec dotnet /app/cli/akkakv.dll "$@"\n' > /usr/local/bin/akkakv \
 && chmod 0755 /usr/local/bin/akkakv

FROM runtime AS akkakv-lighthouse
WORKDIR /app
COPY --from=build /out/lighthouse ./
EXPOSE 4053 9110
USER 1654
ENTRYPOINT ["dotnet", "/app/akkakv-lighthouse.dll"]

FROM runtime AS akkakv-server
WORKDIR /app
COPY --from=build /out/server ./
RUN mkdir -p /data && chown 1654:1654 /data
ENV AkkaKv__DataDir=/data \
    AkkaKv__Http__Host=0.0.0.0 \
    AkkaKv__Resp__Host=0.0.0.0 \
    AkkaKv__Remote__Host=0.0.0.0
VOLUME /data
EXPOSE 8080 6379 4053 9110
USER 1654
ENTRYPOINT ["dotnet", "/app/akkakv-server.dll"]
