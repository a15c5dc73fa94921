using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DiSu.Analytics.Service.Serve;

/// <summary>
/// Options whose record is bound before the host is built, because the host's shape depends on it (the address it
/// listens on, the jobs' triggers, the upload limit): `disu serve` binds it from the configuration, tests and the
/// bench make their own. The host hands that record out as <see cref="IOptions{T}"/> (and as itself), and its
/// validator checks it when the host starts (<c>ValidateOnStart</c>), whoever made it.
/// </summary>
public static class SettledOptions
{
    public static IServiceCollection AddSettledOptions<T, TValidator>(this IServiceCollection services, T settled)
        where T : class
        where TValidator : class, IValidateOptions<T>
    {
        services.AddSingleton<IValidateOptions<T>, TValidator>();
        services.AddSingleton<IOptionsFactory<T>>(sp => new Factory<T>(settled, sp.GetServices<IConfigureOptions<T>>(),
            sp.GetServices<IPostConfigureOptions<T>>(), sp.GetServices<IValidateOptions<T>>()));
        services.AddOptions<T>().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return services;
    }

    /// <summary>The options factory, starting from the settled record instead of a new one; it still runs the validators.</summary>
    private sealed class Factory<T>(T settled, IEnumerable<IConfigureOptions<T>> setups, IEnumerable<IPostConfigureOptions<T>> postConfigures,
        IEnumerable<IValidateOptions<T>> validations) : OptionsFactory<T>(setups, postConfigures, validations)
        where T : class
    {
        protected override T CreateInstance(string name) => settled;
    }
}
