(function(){
  var ids=["f-unapproved","f-flagged","f-stale","f-language","f-audience"];
  function apply(){
    var u=document.getElementById("f-unapproved").checked,f=document.getElementById("f-flagged").checked,
        s=document.getElementById("f-stale").checked,l=document.getElementById("f-language").value,
        a=document.getElementById("f-audience").value,shown=0,total=0;
    document.querySelectorAll("article.draft").forEach(function(d){
      total++;
      var ok=(!u||d.dataset.approved!=="true")&&(!f||d.dataset.flagged==="true")&&(!s||d.dataset.stale==="true")
        &&(!l||d.dataset.language===l)&&(!a||d.dataset.audience===a);
      d.classList.toggle("hidden",!ok);if(ok)shown++;
    });
    document.querySelectorAll(".audience").forEach(function(g){g.classList.toggle("hidden",!g.querySelector("article.draft:not(.hidden)"));});
    document.querySelectorAll("section.artwork").forEach(function(g){g.classList.toggle("hidden",!g.querySelector("article.draft:not(.hidden)")&&!g.querySelector(".failure"));});
    document.getElementById("shown").textContent=shown+" of "+total+" drafts shown";
  }
  ids.forEach(function(id){document.getElementById(id).addEventListener("change",apply);});
  apply();
})();

