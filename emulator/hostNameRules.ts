// HostName rules of API 3.0 ResetInstance (https://www.tencentcloud.com/document/api/213/33242): "." and "-" may not start or end it or
// repeat consecutively; Windows 2–15 chars of letters, digits and "-" (no "."), not all digits;
// Linux 2–60 chars, dot-separated segments of letters, digits and "-".

export function hostNameProblem(platform: "linux" | "windows", hostName: string): string | undefined {
    if (/^[.-]|[.-]$/.test(hostName)) return "HostName may not start or end with '.' or '-'";
    if (/[.-]{2}/.test(hostName)) return "HostName may not contain consecutive '.' or '-'";
    if (platform === "windows") {
        if (hostName.length < 2 || hostName.length > 15) return "Windows HostName must be 2 to 15 characters long";
        if (!/^[A-Za-z0-9-]+$/.test(hostName)) return "Windows HostName may only contain letters, digits and '-'";
        if (/^[0-9]+$/.test(hostName)) return "Windows HostName may not be all digits";
        return undefined;
    }
    if (hostName.length < 2 || hostName.length > 60) return "Linux HostName must be 2 to 60 characters long";
    if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(hostName))
        return "Linux HostName must be dot-separated segments of letters, digits and '-'";
    return undefined;
}
